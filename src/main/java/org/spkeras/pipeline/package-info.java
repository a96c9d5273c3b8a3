/**
 * The use cases, above the stages and below the command line: converting a model as the tool does
 * ({@link org.spkeras.pipeline.ModelConversion}) and evaluating ANN and SNN over a data set
 * ({@link org.spkeras.pipeline.Evaluation}), and checking the ANN against reference activations
 * ({@link org.spkeras.pipeline.Verification}). The library API and the commands call the same code.
 */
package org.spkeras.pipeline;
