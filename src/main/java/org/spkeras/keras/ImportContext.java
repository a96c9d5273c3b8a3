package org.spkeras.keras;

import org.spkeras.SpkerasException;

/** The file being imported, so that every error can name it. */
record ImportContext(String fileName) {

    SpkerasException error(String message) {
        return new SpkerasException(fileName + ": " + message);
    }

    SpkerasException error(String message, Throwable cause) {
        return new SpkerasException(fileName + ": " + message, cause);
    }

    SpkerasException layerError(LayerSpec layer, String message) {
        return error("layer '" + layer.name() + "' (" + layer.className() + ") " + message);
    }
}
