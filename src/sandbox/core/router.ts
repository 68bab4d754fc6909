// Matches a method and path against RouteDef patterns; literal segments beat `:params`.
import type { RouteDef } from './types.js';

interface Node {
  literal: Map<string, Node>;
  param?: { name: string; node: Node };
  route?: RouteDef;
}

const newNode = (): Node => ({ literal: new Map() });

export interface RouteMatch {
  route: RouteDef;
  pathParams: Record<string, string>;
}

export class Router {
  private readonly roots = new Map<string, Node>();

  constructor(routes: readonly RouteDef[]) {
    for (const r of routes) this.add(r);
  }

  private add(r: RouteDef): void {
    let node = this.roots.get(r.method);
    if (!node) this.roots.set(r.method, (node = newNode()));
    for (const seg of r.pattern.split('/').filter(Boolean)) {
      if (seg.startsWith(':')) {
        const name = seg.slice(1);
        if (node.param && node.param.name !== name) {
          throw new Error(`route ${r.method} ${r.pattern}: ':${name}' conflicts with ':${node.param.name}' at the same position`);
        }
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, (next = newNode()));
        node = next;
      }
    }
    if (node.route) throw new Error(`duplicate route ${r.method} ${r.pattern}`);
    node.route = r;
  }

  match(method: string, path: string): RouteMatch | undefined {
    const root = this.roots.get(method);
    if (!root) return undefined;
    const segs = path.split('/').filter(Boolean).map(safeDecode);
    const params: Record<string, string> = {};
    const walk = (node: Node, i: number): RouteDef | undefined => {
      if (i === segs.length) return node.route;
      const seg = segs[i]!;
      const lit = node.literal.get(seg);
      if (lit) {
        const found = walk(lit, i + 1);
        if (found) return found;
      }
      if (node.param && seg !== '') {
        const found = walk(node.param.node, i + 1);
        if (found) {
          params[node.param.name] = seg;
          return found;
        }
      }
      return undefined;
    };
    const route = walk(root, 0);
    return route ? { route, pathParams: params } : undefined;
  }
}

function safeDecode(seg: string): string {
  if (!seg.includes('%')) return seg;
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}
