package org.spkeras.keras.tf;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One protocol-buffer message decoded field by field with protobuf-java's wire reader, so that the few
 * TensorFlow messages this tool needs are read without generated classes. Nested messages stay as bytes
 * until asked for. Varints and fixed-width values are kept as {@code Long}, length-delimited ones as
 * {@link ByteString}.
 */
public final class ProtoMessage {
    private final Map<Integer, List<Object>> fields;

    private ProtoMessage(Map<Integer, List<Object>> fields) {
        this.fields = fields;
    }

    public static ProtoMessage parse(ByteString bytes) throws InvalidProtocolBufferException {
        return parse(bytes.newCodedInput());
    }

    public static ProtoMessage parse(byte[] bytes) throws InvalidProtocolBufferException {
        return parse(CodedInputStream.newInstance(bytes));
    }

    private static ProtoMessage parse(CodedInputStream in) throws InvalidProtocolBufferException {
        Map<Integer, List<Object>> fields = new HashMap<>();
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                Object value = switch (WireFormat.getTagWireType(tag)) {
                    case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
                    case WireFormat.WIRETYPE_FIXED64 -> in.readRawLittleEndian64();
                    case WireFormat.WIRETYPE_FIXED32 -> (long) in.readRawLittleEndian32() & 0xffffffffL;
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readBytes();
                    default -> {
                        in.skipField(tag);
                        yield null;
                    }
                };
                if (value != null) {
                    fields.computeIfAbsent(WireFormat.getTagFieldNumber(tag), k -> new ArrayList<>()).add(value);
                }
            }
        } catch (IOException e) {
            // the position makes a damaged file's refusal say where: "… at byte 1234" (of this message's bytes)
            throw new InvalidProtocolBufferException(e.getMessage() + " (at byte " + in.getTotalBytesRead() + ")");
        }
        return new ProtoMessage(fields);
    }

    public boolean has(int field) {
        return fields.containsKey(field);
    }

    public long number(int field, long fallback) {
        List<Object> values = fields.get(field);
        return values != null && values.get(values.size() - 1) instanceof Long l ? l : fallback;
    }

    public ByteString bytes(int field) {
        List<Object> values = fields.get(field);
        return values != null && values.get(values.size() - 1) instanceof ByteString b ? b : ByteString.EMPTY;
    }

    public String string(int field) {
        return bytes(field).toStringUtf8();
    }

    public ProtoMessage message(int field) throws InvalidProtocolBufferException {
        return parse(bytes(field));
    }

    public List<ProtoMessage> messages(int field) throws InvalidProtocolBufferException {
        List<ProtoMessage> out = new ArrayList<>();
        for (Object value : fields.getOrDefault(field, List.of())) {
            if (value instanceof ByteString b) {
                out.add(parse(b));
            }
        }
        return out;
    }
}
