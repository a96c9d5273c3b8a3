package org.spkeras.sim.event;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.spkeras.SpkerasException;
import org.spkeras.convert.ConversionOptions;
import org.spkeras.convert.ConversionOptions.MaxPool;
import org.spkeras.convert.Converter;
import org.spkeras.data.NdArray;
import org.spkeras.data.Npz;
import org.spkeras.keras.KerasModelReader;
import org.spkeras.model.Network;
import org.spkeras.sim.SimOptions;
import org.spkeras.snn.SpikingNetwork;
import org.spkeras.testing.ArrayCalibration;
import org.spkeras.testing.SameResults;
import org.spkeras.testing.Fixtures;
import org.spkeras.testing.Fixtures.Fixture;

/**
 * The benchmark's comparison engine (bench/run.sh, docs/performance.md): the event engine on a
 * {@code java.util.PriorityQueue} must give the calendar event engine's results bit for bit.
 */
class HeapQueueEngineTest {

    @Test
    void heapQueueEqualsCalendarOnLenet() {
        Network ann = KerasModelReader.read(Path.of("keras-fixtures/real/lenet5_98.96.h5"));
        NdArray x = Npz.read(Path.of("keras-fixtures/data/mnist/x_norm.npz")).get("arr_0");
        ArrayCalibration data = new ArrayCalibration(x, ann, "mnist first 20", 20);
        for (MaxPool pool : new MaxPool[] {MaxPool.GATING, MaxPool.LIPOOL}) {
            ConversionOptions o = ConversionOptions.ECC.toBuilder().burst(2).maxPool(pool).build();
            SpikingNetwork snn = Converter.convert(ann, o, data, "0").network();
            HeapQueueEngine heap = assertSame(snn, new SimOptions(48, SimOptions.Encoding.ANALOG, 0, true), data,
                    "lenet " + pool);
            assertTrue(heap.queueInsertions() > 0, "the queue was used");
        }
    }

    @Test
    void heapQueueEqualsCalendarOnFixturesWithBothEncodings() {
        int converted = 0;
        for (Fixture f : Fixtures.all()) {
            Network ann = KerasModelReader.read(f.model(), f.options());
            NdArray input = Npz.read(f.expected()).get("input");
            ArrayCalibration data = new ArrayCalibration(input, ann, f.name());
            SpikingNetwork snn;
            try {
                snn = Converter.convert(ann, ConversionOptions.ECC, data, "0").network();
            } catch (SpkerasException notConvertible) {
                continue;
            }
            converted++;
            for (SimOptions.Encoding encoding : SimOptions.Encoding.values()) {
                assertSame(snn, new SimOptions(20, encoding, 7, true), data, f.name() + " " + encoding);
            }
        }
        assertTrue(converted >= 10, "only " + converted + " fixtures converted");
    }

    private static HeapQueueEngine assertSame(SpikingNetwork snn, SimOptions sim, ArrayCalibration data, String what) {
        HeapQueueEngine heap = new HeapQueueEngine(snn, sim);
        SameResults.assertSameResults(new CalendarEngine(snn, sim), heap, data, what);
        return heap;
    }
}
