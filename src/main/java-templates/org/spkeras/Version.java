package org.spkeras;

/** The tool version, filled in from the Maven project version at build time. */
public final class Version {
    public static final String VERSION = "${project.version}";

    private Version() {}
}
