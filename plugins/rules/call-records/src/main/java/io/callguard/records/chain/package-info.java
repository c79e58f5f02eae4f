/**
 * The node's record chain: {@link io.callguard.records.chain.RecordWriter} chains and stores records off the event
 * loop (bounded queue, spill file, retries, a restart gap), {@link io.callguard.records.chain.CheckpointSigner} signs
 * checkpoints with Ed25519, {@link io.callguard.records.chain.ChainVerifier} walks a chain and its signatures, and
 * {@link io.callguard.records.chain.RecordsChain} is what the module starts and stops. Only core's
 * {@link io.callguard.core.records.RecordRepository} port is used: no Vert.x, no JDBC here.
 */
package io.callguard.records.chain;
