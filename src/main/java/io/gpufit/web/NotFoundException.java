package io.gpufit.web;

/** Nothing has the id asked for. */
class NotFoundException extends RuntimeException {

    private final String what;
    private final String id;

    NotFoundException(String what, String id, String message) {
        super(message);
        this.what = what;
        this.id = id;
    }

    String what() {
        return what;
    }

    String id() {
        return id;
    }
}
