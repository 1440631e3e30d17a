package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.StandardVocabulary;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The per-message work of the protocol codec: read a drive command, bind its parameters, write the ack. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    private final MessageReader reader = new MessageReader();
    private final MessageCodec codec = new MessageCodec();
    private final String drive = "{\"command\":\"drive\",\"throttle\":0.5,\"steer\":-0.25,\"id\":12345}";
    private final String up = "{\"command\":\"up\",\"duration\":0.1,\"id\":12345}";
    private final CommandSpec driveSpec =
            StandardVocabulary.motion(255).find("drive").orElseThrow();
    private final JsonNode id = IntNode.valueOf(12345);

    @Benchmark
    public ClientMessage decodeTimedCommand() throws ProtocolException {
        return reader.decode(up);
    }

    @Benchmark
    public Map<String, Object> decodeAndBindHeldCommand() throws ProtocolException {
        return reader.parameters(reader.decode(drive), driveSpec);
    }

    @Benchmark
    public String encodeAck() {
        return codec.ack(id);
    }
}
