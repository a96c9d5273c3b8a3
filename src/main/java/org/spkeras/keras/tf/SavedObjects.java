package org.spkeras.keras.tf;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spkeras.SpkerasException;

/**
 * The objects a SavedModel records, as (path, identifier, metadata JSON): from {@code keras_metadata.pb}
 * (SavedMetadata, TF 2.5 – 2.15) or from {@code saved_model.pb} (SavedModel → MetaGraphDef →
 * SavedObjectGraph → SavedUserObject, where TF 2.0 – 2.4 keep the Keras metadata). Paths are written the
 * way keras_metadata.pb writes them: {@code root}, {@code root.layer_with_weights-0}, ….
 */
public final class SavedObjects {
    private static final long MAX_BYTES = 1L << 30;

    /** One saved object: its path from the root, its type identifier and its metadata (JSON, may be empty). */
    public record Node(String path, String identifier, String metadata) {}

    /** What saved_model.pb says: the TensorFlow version that wrote it, and its object graph (if any). */
    public record MetaGraph(String tensorflowVersion, boolean hasObjectGraph, List<Node> nodes) {}

    private SavedObjects() {}

    public static List<Node> kerasMetadata(Path file) {
        try {
            List<Node> nodes = new ArrayList<>();
            for (ProtoMessage n : ProtoMessage.parse(read(file)).messages(1)) {
                nodes.add(new Node(n.string(3), n.string(4), n.string(5)));
            }
            return nodes;
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf(file, "keras_metadata.pb (SavedMetadata)", e);
        }
    }

    public static MetaGraph savedModel(Path file) {
        try {
            List<ProtoMessage> graphs = ProtoMessage.parse(read(file)).messages(2);
            if (graphs.isEmpty()) {
                throw new SpkerasException(file.getFileName() + ": holds no MetaGraphDef; it is not a SavedModel");
            }
            ProtoMessage graph = graphs.get(0);
            String version = graph.message(1).string(5);
            if (!graph.has(7)) {
                return new MetaGraph(version, false, List.of());
            }
            return new MetaGraph(version, true, walk(graph.message(7).messages(1)));
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf(file, "saved_model.pb (SavedModel)", e);
        }
    }

    /** Names every object by its first path from the root (breadth first), keeping those with a user object. */
    private static List<Node> walk(List<ProtoMessage> objects) throws InvalidProtocolBufferException {
        Map<Integer, String> paths = new HashMap<>();
        Deque<Integer> queue = new ArrayDeque<>();
        if (!objects.isEmpty()) {
            paths.put(0, "root");
            queue.add(0);
        }
        List<Node> nodes = new ArrayList<>();
        while (!queue.isEmpty()) {
            int id = queue.poll();
            ProtoMessage object = objects.get(id);
            if (object.has(4)) {
                ProtoMessage user = object.message(4);
                nodes.add(new Node(paths.get(id), user.string(1), user.string(3)));
            }
            for (ProtoMessage child : object.messages(1)) {
                int target = (int) child.number(1, -1);
                if (target >= 0 && target < objects.size() && !paths.containsKey(target)) {
                    paths.put(target, paths.get(id) + "." + child.string(2));
                    queue.add(target);
                }
            }
        }
        return nodes;
    }

    private static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new SpkerasException(file.getFileName() + ": is larger than 1 GiB; not a SavedModel metadata file");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SpkerasException(file.getFileName() + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static SpkerasException notProtobuf(Path file, String what, InvalidProtocolBufferException e) {
        return new SpkerasException(file.getFileName() + ": is not a valid " + what + " (" + e.getMessage()
                + "); the file is damaged or is something else");
    }
}
