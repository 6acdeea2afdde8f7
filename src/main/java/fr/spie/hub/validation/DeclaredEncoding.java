package fr.spie.hub.validation;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Whether a document says its own encoding (a byte order mark or an encoding declaration), read without consuming it. */
final class DeclaredEncoding {

    private static final int PROLOG_BYTES = 1024;
    private static final Pattern ENCODING_DECLARATION =
            Pattern.compile("^<\\?xml[^>]*\\sencoding\\s*=\\s*[\"'][A-Za-z][A-Za-z0-9._-]*[\"']");

    private DeclaredEncoding() {
    }

    /** True when the parser can tell the encoding from the document itself; {@code in} must support mark/reset. */
    static boolean isDeclared(BufferedInputStream in) throws IOException {
        in.mark(PROLOG_BYTES);
        byte[] prolog = in.readNBytes(PROLOG_BYTES);
        in.reset();
        if (startsWithByteOrderMarkOrUtf16(prolog)) {
            return true;
        }
        // the declaration is ASCII in every ASCII-compatible encoding
        return ENCODING_DECLARATION.matcher(new String(prolog, StandardCharsets.ISO_8859_1)).find();
    }

    private static boolean startsWithByteOrderMarkOrUtf16(byte[] prolog) {
        if (prolog.length < 2) {
            return false;
        }
        int first = prolog[0] & 0xFF;
        int second = prolog[1] & 0xFF;
        return first == 0xEF && second == 0xBB || first == 0xFE && second == 0xFF || first == 0xFF && second == 0xFE
                || first == 0 && second == '<' || first == '<' && second == 0;
    }
}
