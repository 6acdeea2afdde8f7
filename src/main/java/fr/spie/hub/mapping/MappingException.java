package fr.spie.hub.mapping;

/**
 * A mapping could not be loaded, failed while evaluating, or did not produce an object. The message names the mapping
 * file and the JSONata error but never the values of the input (they hold NIRs and names).
 */
public class MappingException extends RuntimeException {

    private final String mapping;

    public MappingException(String mapping, String message) {
        super(mapping + ": " + message);
        this.mapping = mapping;
    }

    public MappingException(String mapping, String message, Throwable cause) {
        super(mapping + ": " + message, cause);
        this.mapping = mapping;
    }

    /** The mapping file, as its partner file names it. */
    public String mapping() {
        return mapping;
    }
}
