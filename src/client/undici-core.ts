// undici's connection Pool and request API without the rest of the package. Importing 'undici'
// itself evaluates fetch, WebSocket, caches and mocks (~95 ms per process, bundled); these three
// internal modules are all payctl uses (~13 ms). undici 7 has no "exports" map, so the deep paths
// are supported by its layout; the casts below give them the public types.
// @ts-expect-error -- deep import without its own declaration; typed below.
import PoolImpl from 'undici/lib/dispatcher/pool.js';
// @ts-expect-error -- see above.
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
// @ts-expect-error -- see above.
import request from 'undici/lib/api/api-request.js';
import type { Pool as PoolType } from 'undici';

// undici's index.js assigns all of lib/api to Dispatcher.prototype; payctl only calls request(),
// and leaving out stream/pipeline/upgrade/connect saves their start-up cost.
(DispatcherImpl as { prototype: Record<string, unknown> }).prototype.request = request;

export const Pool = PoolImpl as typeof PoolType;
export type Pool = PoolType;
