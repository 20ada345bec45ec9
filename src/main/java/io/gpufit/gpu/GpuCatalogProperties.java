package io.gpufit.gpu;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the GPU catalog comes from ({@code gpufit.gpu-catalog.*}; in Docker
 * {@code GPUFIT_GPU_CATALOG_LOCATION} and {@code GPUFIT_GPU_CATALOG_ADDITIONAL_LOCATIONS}).
 *
 * @param location            the base catalog, replacing the embedded one when set
 * @param additionalLocations files whose profiles are added to the base; a profile whose id is
 *                            already known replaces it
 */
@ConfigurationProperties("gpufit.gpu-catalog")
record GpuCatalogProperties(
        @DefaultValue("classpath:gpus.yaml") String location,
        @DefaultValue List<String> additionalLocations) {}
