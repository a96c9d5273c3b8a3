/**
 * Stage 6, what the commands print and write: model summaries, conversion summaries, evaluation reports as
 * text, JSON and plots. Formats results; runs no simulation and reads no data.
 */
package org.spkeras.report;
