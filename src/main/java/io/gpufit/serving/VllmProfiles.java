package io.gpufit.serving;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vLLM releases modelled, one {@link VllmProfile} per release line, and which one a version
 * string asks for. A version is {@code 0.N} or {@code 0.N.P}; releases before the oldest profile
 * are unknown.
 */
public final class VllmProfiles {

    /** The newest 0.N release a version string may name; the newest profile covers up to it. */
    static final int LAST_MINOR = 99;

    private static final Pattern VERSION = Pattern.compile("0\\.(\\d{1,2})(?:\\.\\d{1,3})?");

    private final List<VllmProfile> profiles;

    public VllmProfiles(List<VllmProfile> profiles) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("no vLLM profiles");
        }
        this.profiles = profiles.stream()
                .sorted(Comparator.comparingInt(VllmProfile::firstMinor))
                .toList();
        for (int i = 1; i < this.profiles.size(); i++) {
            if (this.profiles.get(i).firstMinor() <= this.profiles.get(i - 1).lastMinor()) {
                throw new IllegalArgumentException(
                        "vLLM profiles " + this.profiles.get(i - 1).version() + " and "
                                + this.profiles.get(i).version() + " overlap");
            }
        }
    }

    /** The profiles, oldest first. */
    public List<VllmProfile> all() {
        return profiles;
    }

    /** The newest profile: what a request without a version gets. */
    public VllmProfile latest() {
        return profiles.get(profiles.size() - 1);
    }

    /** The profile describing {@code version}, or empty for a malformed or unknown version. */
    public Optional<VllmProfile> forVersion(String version) {
        if (version == null) {
            return Optional.of(latest());
        }
        Matcher m = VERSION.matcher(version.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int minor = Integer.parseInt(m.group(1));
        return profiles.stream().filter(p -> p.covers(minor)).findFirst();
    }

    /** The known releases as a request may name them, e.g. {@code 0.15, 0.16, ..., 0.19-0.20, 0.21+}. */
    public String known() {
        return String.join(", ", profiles.stream().map(VllmProfile::releases).toList());
    }
}
