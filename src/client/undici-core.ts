// undici's connection Pool without the rest of the package (see undici-dispatcher.ts for why the deep
// imports): loaded only when a client talks to a real server, never for the in-process sandbox.
// @ts-expect-error -- deep import without its own declaration; typed below.
import PoolImpl from 'undici/lib/dispatcher/pool.js';
import type { Pool as PoolType } from 'undici';
import './undici-dispatcher.js';

export const Pool = PoolImpl as typeof PoolType;
export type Pool = PoolType;
