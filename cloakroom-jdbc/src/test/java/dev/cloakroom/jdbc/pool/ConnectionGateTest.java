package dev.cloakroom.jdbc.pool;

import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionGateTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void neverLetsMoreUnitsInThanThePoolHasConnections() throws Exception {
        ConnectionGate gate = new ConnectionGate(3, PATIENCE, "test-pool");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        gate.enter();
                        try {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                        } finally {
                            inside.decrementAndGet();
                            gate.leave();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(mostInside.get()).isBetween(1, 3);
        assertThat(gate.available()).as("every unit counted out again").isEqualTo(3);
    }

    @Test
    void aUnitThatWaitsPastThePatienceFailsAsABusyPoolNamingIt() throws Exception {
        ConnectionGate gate = new ConnectionGate(1, Duration.ofMillis(50), "cloakroom-db");
        gate.enter();
        long start = System.nanoTime();
        assertThatThrownBy(gate::enter)
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("cloakroom-db")
                .hasMessageContaining("50 ms")
                .hasNoCause();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(45);
        gate.leave();
        gate.enter();
        gate.leave();
        assertThat(gate.available()).isEqualTo(1);
    }

    @Test
    void waitingUnitsAreLetInInTheOrderTheyArrived() throws Exception {
        ConnectionGate gate = new ConnectionGate(1, PATIENCE, "test-pool");
        gate.enter();
        List<String> order = new CopyOnWriteArrayList<>();
        Thread first = waiter(gate, "first", order);
        awaitQueued(gate, 1);
        Thread second = waiter(gate, "second", order);
        awaitQueued(gate, 2);
        gate.leave();
        first.join(PATIENCE.toMillis());
        second.join(PATIENCE.toMillis());
        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void anInterruptedWaiterFailsAndKeepsItsInterrupt() throws Exception {
        ConnectionGate gate = new ConnectionGate(1, PATIENCE, "test-pool");
        gate.enter();
        AtomicInteger outcome = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                gate.enter();
                outcome.set(1);
            } catch (SQLTransientConnectionException e) {
                outcome.set(Thread.currentThread().isInterrupted() ? 2 : 3);
            } catch (Exception e) {
                outcome.set(4);
            }
            done.countDown();
        });
        waiter.start();
        awaitQueued(gate, 1);
        waiter.interrupt();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).as("2: failed with the interrupt flag still set").isEqualTo(2);
        gate.leave();
        assertThat(gate.available()).as("the interrupted waiter took no place").isEqualTo(1);
    }

    @Test
    void refusesAGateWithoutConnections() {
        assertThatThrownBy(() -> new ConnectionGate(0, PATIENCE, "test-pool"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    private static Thread waiter(ConnectionGate gate, String name, List<String> order) {
        Thread thread = new Thread(() -> {
            try {
                gate.enter();
                order.add(name);
                gate.leave();
            } catch (Exception e) {
                order.add(name + " failed: " + e);
            }
        });
        thread.start();
        return thread;
    }

    private static void awaitQueued(ConnectionGate gate, int waiting) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.waiting() < waiting) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never saw " + waiting + " waiting");
            }
            Thread.sleep(1);
        }
    }
}
