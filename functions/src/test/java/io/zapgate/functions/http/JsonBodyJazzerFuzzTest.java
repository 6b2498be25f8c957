package io.zapgate.functions.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzz target (Jazzer) for request-body parsing. Under plain {@code mvn test} it runs in
 * regression mode over the seeds; set {@code JAZZER_FUZZ=1} to fuzz for real. The property is the one of
 * {@link JsonBodyFuzzTest#check}: every route's parser accepts a body or refuses it with a 400, nothing else.
 */
class JsonBodyJazzerFuzzTest {

    static Stream<Arguments> seeds() {
        return JsonBodyFuzzTest.SEEDS.stream().map(Arguments::of);
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void parseAnyBody(String body) {
        JsonBodyFuzzTest.check(body);
    }
}
