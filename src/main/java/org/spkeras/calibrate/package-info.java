/**
 * Li et al. (2021) spike calibration after conversion: biases and initial potentials corrected stage by
 * stage with the event engine.
 */
package org.spkeras.calibrate;
