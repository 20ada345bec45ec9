package io.gpufit.web;

import io.gpufit.application.Estimation;
import io.gpufit.application.Estimations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "estimate", description = "GPU memory for a model and workload, and the GPU to serve it on")
class EstimateController {

    /**
     * The worked example of the reference data: Llama 3.2 1B taken as a nominal 1B in FP16, weighed
     * against the GPUs it compares (P100, A40, A100). Over the whole catalog the T4 would win: it
     * exposes slightly less memory than the P100.
     */
    static final String SEED_EXAMPLE = """
            {
              "parametersBillions": 1,
              "weightDtype": "fp16",
              "numLayers": 16,
              "numAttentionHeads": 32,
              "numKeyValueHeads": 8,
              "headDim": 64,
              "batchSize": 4,
              "sequenceLength": 256,
              "gpus": ["p100-pcie-16gb", "a40", "a100-pcie-40gb", "a100-sxm4-80gb"]
            }""";

    static final String MODEL_EXAMPLE = """
            {
              "model": "meta-llama/Llama-3.1-8B",
              "batchSize": 32,
              "sequenceLength": 8192,
              "engine": {"name": "vllm"}
            }""";

    private final Estimations estimations;

    EstimateController(Estimations estimations) {
        this.estimations = estimations;
    }

    @PostMapping(
            path = "/estimate",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "estimate",
            summary = "Estimate GPU memory and recommend a GPU",
            description = "Weights + pre-allocated KV cache in exact bytes, the derivation, every candidate GPU "
                    + "with its headroom, and the smallest compatible GPU that fits.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            schema = @Schema(implementation = EstimateRequest.class),
                                            examples = {
                                                @ExampleObject(
                                                        name = "seed",
                                                        summary =
                                                                "Llama 3.2 1B as a nominal 1B, FP16, batch 4 x 256 tokens, on P100 / A40 / A100",
                                                        description =
                                                                "The worked example: weights 2,000,000,000 B, KV cache per token "
                                                                        + "32,768 B, KV cache 33,554,432 B, total 2,033,554,432 B; the P100 16GB "
                                                                        + "is recommended.",
                                                        value = SEED_EXAMPLE),
                                                @ExampleObject(
                                                        name = "model on vLLM",
                                                        summary =
                                                                "Llama 3.1 8B from the catalog, 32 x 8k tokens, vLLM's startup budget",
                                                        value = MODEL_EXAMPLE)
                                            })))
    @ApiResponse(responseCode = "200", description = "The estimate; recommendation is null when nothing fits")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid input: each offending field with the rejected value",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(
            responseCode = "502",
            description = "The Hugging Face Hub fetch failed (only with gpufit.hub.enabled); "
                    + "paste the config.json as modelConfig instead",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(
            responseCode = "504",
            description = "The Hugging Face Hub did not answer in time",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class)))
    EstimateResponse estimate(@Valid @RequestBody EstimateRequest request) {
        return response(estimations.estimate(request.toInput()));
    }

    static EstimateResponse response(Estimation result) {
        return EstimateResponse.of(result.command(), result.estimate(), result.plan());
    }
}
