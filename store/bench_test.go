package store

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/metrics"
	"testing"
	"time"
)

const benchFiles = 1000

func benchSources(b *testing.B) []string {
	src := b.TempDir()
	var paths []string
	for i := range benchFiles {
		paths = append(paths, writeFile(b, src, fmt.Sprintf("Biểu %04d.xlsx", i), []byte(fmt.Sprintf("bench file %d %0500d", i, i))))
	}
	return paths
}

// heapSampler keeps the largest live-heap reading it is given.
type heapSampler struct {
	s    []metrics.Sample
	peak uint64
}

func newHeapSampler() *heapSampler {
	return &heapSampler{s: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

func (h *heapSampler) sample() {
	metrics.Read(h.s)
	h.peak = max(h.peak, h.s[0].Value.Uint64())
}

// BenchmarkReceive receives 1 000 small files, each with two figures and a
// finding, into a new store per iteration.
func BenchmarkReceive(b *testing.B) {
	ctx := context.Background()
	paths := benchSources(b)
	heap := newHeapSampler()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		st, err := Open(ctx, filepath.Join(b.TempDir(), "kho"), testPlan)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for i, p := range paths {
			if _, err := st.Receive(ctx, p, subFor(i)); err != nil {
				b.Fatal(err)
			}
			if i%50 == 0 {
				heap.sample()
			}
		}
		elapsed += time.Since(start)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFiles*b.N)/elapsed.Seconds(), "files/s")
	b.ReportMetric(float64(heap.peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkArchiveOnly is the lower bound for BenchmarkReceive: the same
// durable writes of each file and sidecar, without the index.
func BenchmarkArchiveOnly(b *testing.B) {
	ctx := context.Background()
	paths := benchSources(b)
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		st, err := Open(ctx, filepath.Join(b.TempDir(), "kho"), testPlan)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for i, p := range paths {
			s, size, err := HashFile(p)
			if err != nil {
				b.Fatal(err)
			}
			name := filepath.Base(p)
			if _, err := st.archive(p, s, storedName(name), true); err != nil {
				b.Fatal(err)
			}
			if err := st.writeSidecar(s, sidecar{Name: name, Stored: storedName(name), Size: size,
				ReceivedAt: formatTime(time.Now()), Seq: int64(i + 1)}, true); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFiles*b.N)/elapsed.Seconds(), "files/s")
}
