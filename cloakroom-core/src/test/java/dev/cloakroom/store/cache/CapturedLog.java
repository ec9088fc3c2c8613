package dev.cloakroom.store.cache;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What slf4j-simple (the test-scope logger, writing to the current {@code System.err}) printed while a block
 * ran. Tests run one at a time in this module, so swapping {@code System.err} briefly is safe.
 */
final class CapturedLog {
    private CapturedLog() {
    }

    interface Block {
        void run() throws Exception;
    }

    static String during(Block block) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            block.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
