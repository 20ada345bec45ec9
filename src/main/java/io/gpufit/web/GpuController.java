package io.gpufit.web;

import io.gpufit.application.GpuSelection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "gpus", description = "The GPU profiles the service knows")
class GpuController {

    private final GpuSelection gpus;

    GpuController(GpuSelection gpus) {
        this.gpus = gpus;
    }

    @GetMapping(path = "/gpus", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "listGpus",
            summary = "List the GPU profiles",
            description = "Every profile in the catalog, in catalog order: id and aliases, usable memory, "
                    + "native BF16/FP8 support, the bandwidth and FP16 TFLOPS the speed estimate uses, and the price "
                    + "when known, how Kubernetes schedules it and its MIG profiles. The ids and aliases are what gpus "
                    + "accepts in POST /estimate.")
    GpuList list() {
        return new GpuList(gpus.all().stream().map(GpuView::of).toList());
    }

    @GetMapping(path = "/gpus/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "getGpu",
            summary = "One GPU profile, by id or unambiguous short name",
            description = "Looks the GPU up as POST /estimate does: by id, or by a short name (case-insensitive) "
                    + "that only one profile answers to. The profile includes its Kubernetes resource and node label "
                    + "(kubernetes) and its MIG profiles (migProfiles).")
    @ApiResponse(responseCode = "200", description = "The profile")
    @ApiResponse(
            responseCode = "400",
            description = "The short name matches several profiles; the problem lists them",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "ambiguous",
                                            summary = "GET /gpus/A100: two profiles answer to A100",
                                            description =
                                                    "Two profiles answer to the short name A100: ask for one by id.",
                                            value = ApiExamples.GPU_400)))
    @ApiResponse(
            responseCode = "404",
            description = "No such GPU",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "unknown",
                                            summary = "GET /gpus/tpu-v5e",
                                            description = "No profile has the id or short name tpu-v5e.",
                                            value = ApiExamples.GPU_404)))
    GpuView one(
            @Parameter(
                            description = "GPU id (e.g. a100-sxm4-80gb), short name (e.g. H100) or the name nvidia-smi"
                                    + " prints (e.g. NVIDIA H100 80GB HBM3); case, spaces, dashes and vendor words"
                                    + " (NVIDIA, Tesla, GeForce, AMD, Instinct) are ignored",
                            example = "p100-pcie-16gb")
                    @PathVariable
                    String id) {
        return gpus.one("id", id)
                .map(GpuView::of)
                .orElseThrow(() -> new NotFoundException(
                        NotFoundException.Kind.GPU, id, "no GPU profile '" + id + "': " + gpus.unknown(id)));
    }

    @Schema(description = "Every GPU profile in the catalog, in catalog order.")
    record GpuList(List<GpuView> gpus) {}
}
