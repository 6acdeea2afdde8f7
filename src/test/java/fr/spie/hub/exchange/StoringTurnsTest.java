package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Records of one batch finish the pipeline on several threads in any order; they are stored in the file's order all
 * the same, rejected ones (which never store) included. The broker and journal are not involved: only the turns.
 */
class StoringTurnsTest {

    @Test
    void recordsFinishingInAnyOrderAreStoredInTheFilesOrder() throws Exception {
        AcceptedBatch batch = new AcceptedBatch(null, null, null, null, null, null);
        int records = 2_000;
        List<Long> stored = Collections.synchronizedList(new ArrayList<>());
        Random random = new Random(11);
        // every fifth record is "rejected": it passes its turn without storing
        boolean[] rejected = new boolean[records];
        int[] work = new int[records];
        for (int i = 0; i < records; i++) {
            rejected[i] = i % 5 == 3;
            work[i] = random.nextInt(200);
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                long turn = i;
                done.add(threads.submit(() -> {
                    try {
                        busy(work[(int) turn]);
                        if (!rejected[(int) turn]) {
                            batch.inTurn(turn, () -> stored.add(turn));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        batch.finished(turn);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            batch.awaitFinished(records);
        } finally {
            threads.shutdownNow();
        }
        List<Long> expected = LongStream.range(0, records).filter(i -> !rejected[(int) i]).boxed().toList();
        assertThat(stored).containsExactlyElementsOf(expected);
    }

    @Test
    void aMessageAloneStoresWithoutWaiting() throws Exception {
        AcceptedBatch batch = new AcceptedBatch(null, null, null, null, null, null);
        List<String> stored = new ArrayList<>();
        batch.inTurn(-1, () -> stored.add("alone"));
        assertThat(stored).containsExactly("alone");
    }

    private static void busy(int micros) {
        long until = System.nanoTime() + micros * 1_000L;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
