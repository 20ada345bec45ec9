package io.gpufit.web;

import io.gpufit.estimate.Dtype;
import io.gpufit.estimate.ModelShape;
import io.gpufit.estimate.Precision;
import io.gpufit.estimate.Workload;
import io.gpufit.gpu.GpuCatalog;
import io.gpufit.gpu.GpuProfile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks what Bean Validation cannot (rules across fields, names to look up) and applies the
 * defaults. Every problem found is reported at once.
 */
@Component
class EstimateRequestMapper {

    static final BigDecimal DEFAULT_MEMORY_UTILIZATION = new BigDecimal("0.9");

    private final GpuCatalog catalog;

    EstimateRequestMapper(GpuCatalog catalog) {
        this.catalog = catalog;
    }

    EstimateCommand toCommand(EstimateRequest request) {
        List<Violation> violations = new ArrayList<>();
        Long parameters = parameters(request, violations);
        Optional<Dtype> weightDtype = dtype("weightDtype", request.weightDtype(), violations);
        Optional<Dtype> kvCacheDtype = request.kvCacheDtype() == null
                ? weightDtype
                : dtype("kvCacheDtype", request.kvCacheDtype(), violations);

        // Bean Validation has bounded every size, so the exact conversions below cannot fail.
        int heads = request.numAttentionHeads().intValueExact();
        int kvHeads = request.numKeyValueHeads() == null ? heads : request.numKeyValueHeads().intValueExact();
        if (kvHeads > heads || heads % kvHeads != 0) {
            violations.add(new Violation("numKeyValueHeads", request.numKeyValueHeads(),
                    "must divide numAttentionHeads (" + heads + ") evenly: each KV head serves a whole "
                            + "group of query heads"));
        }
        Integer headDim = headDim(request, violations);
        List<GpuProfile> gpus = gpus(request.gpus(), violations);

        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new EstimateCommand(
                new ModelShape(parameters, request.numLayers().intValueExact(), heads, kvHeads, headDim),
                new Precision(weightDtype.orElseThrow(), kvCacheDtype.orElseThrow()),
                new Workload(request.batchSize().intValueExact(), request.sequenceLength().intValueExact()),
                gpus,
                request.memoryUtilization() == null ? DEFAULT_MEMORY_UTILIZATION : request.memoryUtilization());
    }

    private static Long parameters(EstimateRequest request, List<Violation> violations) {
        if (request.parameters() != null && request.parametersBillions() != null) {
            violations.add(new Violation("parametersBillions", request.parametersBillions(),
                    "give either parameters or parametersBillions, not both"));
            return null;
        }
        if (request.parameters() != null) {
            return request.parameters().longValueExact();
        }
        if (request.parametersBillions() == null) {
            violations.add(new Violation("parameters", null,
                    "one of parameters (exact count) or parametersBillions (nominal) is required"));
            return null;
        }
        // @Digits allows at most 9 decimals, so this is a whole number of parameters.
        return request.parametersBillions().movePointRight(9).longValueExact();
    }

    private static Optional<Dtype> dtype(String field, String value, List<Violation> violations) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<Dtype> dtype = Dtype.fromId(value);
        if (dtype.isEmpty()) {
            violations.add(new Violation(field, value, "unknown dtype; allowed: " + String.join(", ", Dtype.ids())));
        }
        return dtype;
    }

    private static Integer headDim(EstimateRequest request, List<Violation> violations) {
        if (request.headDim() != null) {
            return request.headDim().intValueExact();
        }
        if (request.hiddenSize() == null) {
            violations.add(new Violation("headDim", null,
                    "headDim is required, or hiddenSize to derive it as hiddenSize / numAttentionHeads"));
            return null;
        }
        int hidden = request.hiddenSize().intValueExact();
        int heads = request.numAttentionHeads().intValueExact();
        if (hidden % heads != 0) {
            violations.add(new Violation("hiddenSize", hidden, "cannot derive headDim: hiddenSize is not a multiple "
                    + "of numAttentionHeads (" + heads + "); give headDim"));
            return null;
        }
        return hidden / heads;
    }

    private List<GpuProfile> gpus(List<String> names, List<Violation> violations) {
        if (names == null) {
            return catalog.all();
        }
        Set<GpuProfile> chosen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String field = "gpus[" + i + "]";
            List<GpuProfile> matches = catalog.resolve(names.get(i));
            if (matches.size() == 1) {
                chosen.add(matches.get(0));
            } else {
                violations.add(Violation.unresolvedGpu(field, names.get(i), matches, catalog));
            }
        }
        return List.copyOf(chosen);
    }
}
