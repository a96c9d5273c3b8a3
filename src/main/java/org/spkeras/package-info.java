/**
 * The root: {@link org.spkeras.SpkerasException}, the one root of every user error, and
 * {@link org.spkeras.InvalidOption} for an option's bad value. Imports nothing of the stages.
 */
package org.spkeras;
