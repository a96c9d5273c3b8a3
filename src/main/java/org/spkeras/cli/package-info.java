/**
 * The command line on top: picocli commands and the typed option vocabulary; parses, calls the pipeline
 * and prints. The only package with exit codes, stdout and flag names; nothing imports it.
 */
package org.spkeras.cli;
