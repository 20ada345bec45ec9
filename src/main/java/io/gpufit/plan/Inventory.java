package io.gpufit.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GPUs free to place a job on, by GPU id. A GPU type it does not name has none free. A MIG slice
 * takes one whole GPU of its type: the inventory counts GPUs, not how they are partitioned.
 *
 * @param free free GPUs by catalog id, each at least 0
 */
public record Inventory(Map<String, Integer> free) {

    public Inventory {
        Map<String, Integer> copy = new LinkedHashMap<>();
        free.forEach((id, count) -> {
            if (id == null || count == null || count < 0) {
                throw new IllegalArgumentException(
                        "an inventory counts 0 or more free GPUs per GPU id, was " + id + ": " + count);
            }
            copy.put(id, count);
        });
        free = Collections.unmodifiableMap(copy);
    }

    /** Free GPUs of this id; 0 when the inventory does not name it. */
    public int free(String gpuId) {
        return free.getOrDefault(gpuId, 0);
    }

    /** Whether the free GPUs of the candidate's type cover its placement ({@link Candidate#wholeGpus()}). */
    public boolean holds(Candidate candidate) {
        return free(candidate.gpu().id()) >= candidate.wholeGpus();
    }
}
