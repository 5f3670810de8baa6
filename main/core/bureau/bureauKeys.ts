/** The bureau's age X25519 identity: generated once, kept only inside the bureau's encrypted store. */
import { generateX25519Identity, identityToRecipient } from 'age-encryption';

export interface BureauIdentity {
  identity: string;
  recipient: string;
}

export async function generateBureauIdentity(): Promise<BureauIdentity> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}
