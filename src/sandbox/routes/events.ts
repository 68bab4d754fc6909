// Placeholder: filled in by the sandbox core.
import type { RouteDef } from '../core/types.js';

export const routes: RouteDef[] = [];
