package dev.workshop.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"workshop " + (v == null ? "(development build)" : v), "Java " + System.getProperty("java.version")};
    }
}
