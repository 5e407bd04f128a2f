/** Password hashing (argon2id) and the password rule. */
import { hash, verify } from "@node-rs/argon2";

// Algorithm 2 = argon2id. Parameters follow the OWASP minimum (19 MiB, 2 passes).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against a stored hash; false for a missing hash (burns comparable time). */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Unknown account: do the same work so timing does not reveal which emails exist.
    await hash(password, OPTIONS);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** The rule for new passwords; returns the reason it is refused, or null. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < 12) return "must be at least 12 characters long";
  if (password.length > 256) return "must be at most 256 characters long";
  const name = email.split("@")[0]?.toLowerCase() ?? "";
  // Only names long enough to matter: "a@x.org" must not forbid every password with an "a".
  if (name.length >= 4 && password.toLowerCase().includes(name)) return "must not contain the account name";
  if (new Set(password).size < 5) return "must use at least 5 different characters";
  return null;
}
