package io.zapgate.wa.binary;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzz target (Jazzer). Under plain {@code mvn test} it runs in regression mode over the seeds
 * below; set {@code JAZZER_FUZZ=1} to fuzz for real. The property is the one of {@link DecoderFuzzTest}.
 */
class DecoderJazzerFuzzTest {

    static Stream<Arguments> seeds() {
        return DecoderFuzzTest.seeds().stream().map(bytes -> Arguments.of((Object) bytes));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void decodeAnyFrame(byte[] frame) {
        DecoderFuzzTest.check(frame);
    }
}
