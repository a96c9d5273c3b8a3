package org.spkeras.cli;

import org.spkeras.Version;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"spkeras-java " + Version.VERSION, "Java " + System.getProperty("java.version")};
    }
}
