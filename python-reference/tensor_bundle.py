#!/usr/bin/python3
"""Independent reader for TensorFlow-Keras 2 SavedModels and checkpoints (NumPy only).

Reads a tensor bundle (PREFIX.index, a LevelDB-format table of BundleEntryProto, and PREFIX.data-*),
checking each tensor's masked CRC-32C, and the Keras model config from keras_metadata.pb. Written
from the file formats (LevelDB table format, tensorflow/core/protobuf/tensor_bundle.proto,
keras/protobuf/saved_metadata.proto); it shares no code with the Java reader.
"""

import glob
import json
import os
import struct

import numpy as np

_CRC_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)
_CRC_TABLE = np.array(_CRC_TABLE, dtype=np.uint32)

DTYPES = {1: np.dtype("<f4"), 2: np.dtype("<f8"), 9: np.dtype("<i8")}


def crc32c(data):
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = int(table[(crc ^ byte) & 0xFF]) ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def _varint(buf, pos):
    value, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, pos


def proto_fields(buf):
    """[(field number, value)]: varints and fixed values as int, length-delimited ones as bytes."""
    out, pos = [], 0
    while pos < len(buf):
        tag, pos = _varint(buf, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = struct.unpack_from("<Q", buf, pos)[0], pos + 8
        elif wire == 5:
            value, pos = struct.unpack_from("<I", buf, pos)[0], pos + 4
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = bytes(buf[pos:pos + length]), pos + length
        else:
            raise ValueError("unsupported wire type %d" % wire)
        out.append((number, value))
    return out


def _block_entries(table, offset, size):
    if table[offset + size] != 0:
        raise ValueError("compressed table block (type %d)" % table[offset + size])
    block = table[offset:offset + size]
    restarts = struct.unpack_from("<I", block, size - 4)[0]
    end, pos, key = size - 4 - 4 * restarts, 0, b""
    while pos < end:
        shared, pos = _varint(block, pos)
        own, pos = _varint(block, pos)
        length, pos = _varint(block, pos)
        key = key[:shared] + bytes(block[pos:pos + own])
        pos += own
        yield key.decode(), bytes(block[pos:pos + length])
        pos += length


def read_index(path):
    with open(path, "rb") as f:
        table = f.read()
    if table[-8:] != bytes.fromhex("57fb808b247547db"):
        raise ValueError(path + ": not a table")
    pos = len(table) - 48
    for _ in range(2):
        _, pos = _varint(table, pos)
    index_offset, pos = _varint(table, pos)
    index_size, pos = _varint(table, pos)
    entries = {}
    for _, handle in _block_entries(table, index_offset, index_size):
        offset, p = _varint(handle, 0)
        size, _ = _varint(handle, p)
        entries.update(_block_entries(table, offset, size))
    return entries


class Bundle:
    def __init__(self, prefix):
        self.prefix = prefix
        raw = read_index(prefix + ".index")
        header = dict(proto_fields(raw.pop("")))
        self.shards = header.get(1, 1)
        self.entries = {k: dict(proto_fields(v)) for k, v in raw.items()}

    def tensor(self, key):
        e = self.entries[key]
        shape = [dict(proto_fields(d)).get(1, 0) for n, d in proto_fields(e.get(2, b"")) if n == 2]
        path = "%s.data-%05d-of-%05d" % (self.prefix, e.get(3, 0), self.shards)
        with open(path, "rb") as f:
            f.seek(e.get(4, 0))
            data = f.read(e.get(5, 0))
        if masked(crc32c(data)) != e.get(6, 0):
            raise ValueError("%s: checksum mismatch in %s" % (path, key))
        return np.frombuffer(data, dtype=DTYPES[e[1]]).reshape(shape)


def _untuple(v):
    if isinstance(v, dict):
        if v.get("class_name") == "__tuple__":
            return [_untuple(x) for x in v["items"]]
        return {k: _untuple(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_untuple(x) for x in v]
    return v


def saved_nodes(path):
    """(node path, identifier, metadata) of every node of a keras_metadata.pb."""
    with open(path, "rb") as f:
        buf = f.read()
    out = []
    for number, node in proto_fields(buf):
        if number == 1:
            fields = dict(proto_fields(node))
            out.append((fields.get(3, b"").decode(), fields.get(4, b"").decode(), fields.get(5, b"").decode()))
    return out


def model_config(keras_metadata):
    for node_path, identifier, metadata in saved_nodes(keras_metadata):
        if node_path == "root":
            root = json.loads(metadata)
            return _untuple({"class_name": root["class_name"], "config": root["config"]})
    raise ValueError(keras_metadata + ": no root node")


def recorded_accuracy(savedmodel_dir):
    """(total, count) of the accuracy metric Keras kept in a SavedModel, or None."""
    bundle = Bundle(os.path.join(savedmodel_dir, "variables", "variables"))
    for node_path, _, metadata in saved_nodes(os.path.join(savedmodel_dir, "keras_metadata.pb")):
        if node_path.startswith("root.keras_api.metrics.") and "accuracy" in metadata.lower():
            n = node_path.rsplit(".", 1)[1]
            total = bundle.tensor("keras_api/metrics/%s/total/.ATTRIBUTES/VARIABLE_VALUE" % n)
            count = bundle.tensor("keras_api/metrics/%s/count/.ATTRIBUTES/VARIABLE_VALUE" % n)
            return float(total), float(count)
    return None


WEIGHTED = ("Conv2D", "Dense", "BatchNormalization")


class BundleWeights:
    """layer_with_weights-K/<role>/.ATTRIBUTES/VARIABLE_VALUE, K counting weighted layers in config order."""

    needs_layer_order = True

    def __init__(self, prefix):
        self.bundle = Bundle(prefix)
        self.index = {}

    def assign(self, layer_name, cls):
        if cls in WEIGHTED:
            self.index[layer_name] = len(self.index)

    def layer(self, layer_name, cls, cfg, index):
        if layer_name not in self.index:
            return {}
        prefix = "layer_with_weights-%d/" % self.index[layer_name]
        out = {}
        for key in self.bundle.entries:
            if key.startswith(prefix) and key.endswith("/.ATTRIBUTES/VARIABLE_VALUE") and "OPTIMIZER" not in key:
                role = key[len(prefix):].split("/")[0]
                out[role] = self.bundle.tensor(key).astype(np.float64)
        return out
