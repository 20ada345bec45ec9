package io.gpufit.model;

/**
 * A {@code config.json} the service cannot count: a missing or out-of-range field, or sizes that do
 * not fit together.
 *
 * @see ModelConfigReader
 */
public class InvalidModelConfigException extends RuntimeException {

    private final String field;
    private final transient Object rejectedValue;

    public InvalidModelConfigException(String field, Object rejectedValue, String message) {
        super(field + ": " + message);
        this.field = field;
        this.rejectedValue = rejectedValue;
    }

    /** The offending field, as a path from the request body, e.g. {@code modelConfig.hidden_size}. */
    public String field() {
        return field;
    }

    public Object rejectedValue() {
        return rejectedValue;
    }

    /** The message without the field. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
