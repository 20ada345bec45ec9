package io.gpufit.plan;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.Precision;
import io.gpufit.gpu.GpuProfile;
import java.util.List;

/** Something to know about running on a GPU that does not exclude it. */
public enum Caveat {

    /**
     * BF16 requested on a GPU without native BF16: NVIDIA added it with compute capability 8.0
     * (Ampere). Serving in FP16 there needs the same memory.
     */
    NO_NATIVE_BF16 {
        @Override
        public String about(GpuProfile gpu) {
            return gpu.name() + " has " + BF16_NOTE + ": serve in FP16 (same memory)";
        }

        @Override
        String summary(List<String> gpuNames, String origin) {
            return origin + "; " + String.join(", ", gpuNames) + (gpuNames.size() == 1 ? " has " : " have ")
                    + BF16_NOTE
                    + ": serve in FP16 there, which needs the same memory but can overflow where BF16 would not.";
        }
    };

    static final String BF16_NOTE = "no native BF16 (compute capability below 8.0)";

    /** The caveat of running these formats on this GPU; null when there is none. */
    static Caveat of(Precision precision, GpuProfile gpu) {
        boolean bf16 = precision.weights() == Dtype.BF16 || precision.kvCache() == Dtype.BF16;
        return bf16 && !gpu.nativeBf16() ? NO_NATIVE_BF16 : null;
    }

    /** What the caveat says of one GPU. */
    public abstract String about(GpuProfile gpu);

    /**
     * The warning of a whole plan, naming every GPU the caveat applies to.
     *
     * @param origin where the formats at issue come from, e.g. {@code BF16 requested}
     */
    abstract String summary(List<String> gpuNames, String origin);
}
