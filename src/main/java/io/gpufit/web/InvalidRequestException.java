package io.gpufit.web;

import java.util.List;

/** A request that parsed but cannot be estimated; answered with 400 listing every violation. */
class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    InvalidRequestException(List<Violation> violations) {
        super(violations.stream().map(v -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        this.violations = List.copyOf(violations);
    }

    List<Violation> violations() {
        return violations;
    }
}
