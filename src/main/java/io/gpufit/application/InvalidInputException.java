package io.gpufit.application;

import java.util.List;
import java.util.stream.Collectors;

/** An input that cannot be estimated, with every violation found at once. */
public class InvalidInputException extends RuntimeException {

    private final transient List<Violation> violations;
    private final String remark;

    public InvalidInputException(List<Violation> violations) {
        this(violations, null);
    }

    /**
     * @param remark what the violations do not say, e.g. which parts of the input were not checked
     *               once enough violations were found; null when nothing
     */
    public InvalidInputException(List<Violation> violations, String remark) {
        // joined once, in linear time: a batch can have thousands of violations
        super(violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
        this.remark = remark;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** What the violations do not say (e.g. "scenarios 57 to 299 were not checked"); null when nothing. */
    public String remark() {
        return remark;
    }
}
