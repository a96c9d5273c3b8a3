package org.spkeras.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.Converter;
import org.spkeras.data.Npz;
import org.spkeras.model.Network;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.Python;

/**
 * The written file read back with h5py against NIR 1.0.7's layout (nir/serialization.py, nir/ir/*.py): root
 * dataset {@code version}, graph group {@code node}, each node's type and the parameter names its type declares,
 * string edges between existing nodes, and shapes that agree along every edge (the type rules of
 * {@code NIRGraph.infer_types}, in python-reference/nir_simulate.py).
 */
class NirStructureTest {
    private static final String CHECK = String.join("\n",
            "import sys, h5py, numpy as np",
            "f = h5py.File(sys.argv[1], 'r')",
            "assert f['version'][()] == b'1.0.7', f['version'][()]",
            "assert sorted(f.keys()) == ['node', 'version'], list(f.keys())",
            "g = f['node']",
            "assert g['type'][()] == b'NIRGraph'",
            "assert set(g.keys()) == {'type', 'nodes', 'edges', 'metadata'}, list(g.keys())",
            "e = g['edges']",
            "assert e.dtype.kind == 'S' and e.ndim == 2 and e.shape[1] == 2, (e.dtype, e.shape)",
            "fields = {'Input': {'shape'}, 'Output': {'shape'}, 'Affine': {'weight', 'bias'},",
            "  'Conv2d': {'input_shape', 'weight', 'stride', 'padding', 'dilation', 'groups', 'bias'},",
            "  'SumPool2d': {'kernel_size', 'stride', 'padding'}, 'Flatten': {'start_dim', 'end_dim', 'input_type'}, 'IF': {'r', 'v_threshold', 'v_reset'}, 'I': {'r'}}",
            "types = {}",
            "for name, n in g['nodes'].items():",
            "    t = n['type'][()].decode()",
            "    types[t] = types.get(t, 0) + 1",
            "    assert set(n.keys()) - {'type', 'metadata'} == fields[t], (name, t, list(n.keys()))",
            "    for k in n.keys():",
            "        if k in ('weight', 'bias', 'r', 'v_threshold', 'v_reset'):",
            "            assert n[k].dtype == np.float32, (name, k, n[k].dtype)",
            "    if t == 'Conv2d':",
            "        assert n['groups'][()] == 1 and list(n['dilation'][()]) == [1, 1]",
            "        assert n['stride'].shape == (2,) and n['padding'].shape == (2,) and n['input_shape'].shape == (2,)",
            "names = set(g['nodes'].keys())",
            "for a, b in e[()]:",
            "    assert a.decode() in names and b.decode() in names, (a, b)",
            "print(' '.join(f'{k}={v}' for k, v in sorted(types.items())))");

    @TempDir
    Path tmp;

    @Test
    void lenetFileHasTheLayoutOfNir107() {
        String missing = ExportedNetworks.pythonMissing();
        assumeTrue(missing == null, missing);
        Network ann = ExportedNetworks.read(ExportedNetworks.LENET);
        ConversionOptions d = ExportedNetworks.nirOptions();
        ConversionOptions options = d.toBuilder().burst(1).calibrationSamples(100).calibrate(false, false).build();
        ArrayCalibration data = new ArrayCalibration(Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0"),
                ann, "mnist first 100", 100);
        SpikingNetwork snn = Converter.convert(ann, options, data, "0").network();
        Path nir = tmp.resolve("lenet.nir");
        NirFile.write(NirExporter.export(snn), nir);

        Python.Result layout = ExportedNetworks.python("-c", CHECK, nir.toString());
        assertEquals(0, layout.exitCode(), layout.output());
        // LeNet-5: three convolutions, each 2×2 average pooling as a SumPool2d, a Flatten, two dense layers
        assertEquals("Affine=2 Conv2d=3 Flatten=1 I=1 IF=4 Input=1 Output=1 SumPool2d=2", layout.output().strip());

        Python.Result types = ExportedNetworks.python(ExportedNetworks.SIMULATOR.toString(), nir.toString());
        assertEquals(0, types.exitCode(), types.output());
        assertTrue(types.output().contains("types check"), types.output());
    }
}
