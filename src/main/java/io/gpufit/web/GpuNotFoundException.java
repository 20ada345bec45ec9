package io.gpufit.web;

/** No GPU profile has the id (or short name) asked for. */
class GpuNotFoundException extends RuntimeException {

    GpuNotFoundException(String id) {
        super("no GPU profile '" + id + "'; GET /gpus lists them");
    }
}
