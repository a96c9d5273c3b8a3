/**
 * Stage 6, what the commands print and write: model summaries, conversion summaries, layer verification,
 * evaluation reports as text, JSON and plots. Formats results; runs no simulation.
 */
package org.spkeras.report;
