package io.gpufit.application;

import io.gpufit.serving.VllmProfile;
import io.gpufit.serving.VllmProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The vLLM profiles shipped in {@code src/main/resources/vllm/}: {@code releases.json} lists one file
 * per release line, each a {@link VllmProfile}. Read once; immutable.
 */
public final class VllmProfileFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final VllmProfiles EMBEDDED = load();

    private VllmProfileFiles() {}

    private static VllmProfiles load() {
        List<VllmProfile> profiles = new ArrayList<>();
        for (JsonNode file : read("releases.json").get("files")) {
            profiles.add(JSON.treeToValue(read(file.stringValue()), VllmProfile.class));
        }
        return new VllmProfiles(profiles);
    }

    private static JsonNode read(String name) {
        try (InputStream in = VllmProfileFiles.class.getResourceAsStream("/vllm/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource vllm/" + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
