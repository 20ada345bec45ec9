package io.gpufit.web;

import java.net.URI;

/** Nothing has the id asked for: answered with 404 and the problem type of its kind. */
class NotFoundException extends RuntimeException {

    /** What was not found, with the problem type and title it is answered with. */
    enum Kind {
        GPU(URI.create("urn:gpu-fit:problem:gpu-not-found"), "GPU not found"),
        MODEL(URI.create("urn:gpu-fit:problem:model-not-found"), "Model not found");

        private final URI type;
        private final String title;

        Kind(URI type, String title) {
            this.type = type;
            this.title = title;
        }

        URI type() {
            return type;
        }

        String title() {
            return title;
        }
    }

    private final Kind kind;
    private final String id;

    NotFoundException(Kind kind, String id, String message) {
        super(message);
        this.kind = kind;
        this.id = id;
    }

    Kind kind() {
        return kind;
    }

    String id() {
        return id;
    }
}
