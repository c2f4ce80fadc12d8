// Minimum s–t cut by maximum flow (Edmonds–Karp: shortest augmenting paths), the inner step of the α-β swap graph cut (Boykov, Veksler & Zabih 2001).

interface Arc {
  to: number;
  capacity: number;
  /** Index of the reverse arc in arcs[to]. */
  reverse: number;
}

/** A directed network with real capacities; nodes are 0..nodeCount−1. */
export class FlowNetwork {
  private readonly arcs: Arc[][];

  constructor(readonly nodeCount: number) {
    this.arcs = Array.from({ length: nodeCount }, () => []);
  }

  /** Adds from→to with `capacity` and to→from with `reverseCapacity` (0 for a one-way arc). */
  addEdge(from: number, to: number, capacity: number, reverseCapacity = 0): void {
    this.arcs[from].push({ to, capacity, reverse: this.arcs[to].length });
    this.arcs[to].push({ to: from, capacity: reverseCapacity, reverse: this.arcs[from].length - 1 });
  }

  /** Pushes the maximum flow from `source` to `sink` and returns which nodes stay on the source side of the minimum cut. */
  minCutSourceSide(source: number, sink: number): boolean[] {
    for (;;) {
      const parentArc = this.shortestResidualPath(source);
      if (parentArc[sink] === null) break;
      let bottleneck = Infinity;
      for (let node = sink; node !== source; ) {
        const [from, index] = parentArc[node] as [number, number];
        bottleneck = Math.min(bottleneck, this.arcs[from][index].capacity);
        node = from;
      }
      for (let node = sink; node !== source; ) {
        const [from, index] = parentArc[node] as [number, number];
        const arc = this.arcs[from][index];
        arc.capacity -= bottleneck;
        this.arcs[arc.to][arc.reverse].capacity += bottleneck;
        node = from;
      }
    }
    const reached = this.shortestResidualPath(source);
    return reached.map((parent, node) => node === source || parent !== null);
  }

  /** Breadth-first search over arcs with residual capacity: for each node, the [node, arc index] it was reached by, or null. */
  private shortestResidualPath(source: number): ([number, number] | null)[] {
    const parentArc: ([number, number] | null)[] = new Array(this.nodeCount).fill(null);
    const visited = new Uint8Array(this.nodeCount);
    visited[source] = 1;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      this.arcs[node].forEach((arc, index) => {
        if (!visited[arc.to] && arc.capacity > residualTolerance) {
          visited[arc.to] = 1;
          parentArc[arc.to] = [node, index];
          queue.push(arc.to);
        }
      });
    }
    return parentArc;
  }
}

/** Residual capacities at or below this count as saturated, so rounding cannot keep a path alive. */
const residualTolerance = 1e-12;
