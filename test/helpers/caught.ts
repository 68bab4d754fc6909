// For asserting on a rejection's value (class, fields) rather than only its message.

/** Awaits `p` and returns what it rejected with; fails if it resolved. */
export async function caught(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
