#!/usr/bin/env python3
"""Builds, with embit (another implementation), Vectors/bitcoin/embit/embit-psbt.json: a FROST group
key's watch-only descriptor, its first addresses, and a testnet PSBT spending two of its outputs plus one foreign
input, with embit's own BIP 341 sighash of every input. The family bitcoin/embit checks that Heliograph derives the same
xpub, descriptor, addresses and sighashes from embit's PSBT, and a Swift test signs it with the group and verifies.

    python3 -m venv /tmp/embit && /tmp/embit/bin/pip install embit==0.8.0
    /tmp/embit/bin/python scripts/embit-psbt.py > Vectors/bitcoin/embit/embit-psbt.json

The group secret is fixed (32 bytes of 0x11) so the test can rebuild the same group with the trusted dealer."""
import hashlib
import json

from embit import bip32, ec, script
from embit.descriptor import Descriptor
from embit.networks import NETWORKS
from embit.psbt import PSBT, DerivationPath
from embit.transaction import SIGHASH, Transaction, TransactionInput, TransactionOutput

NET = NETWORKS["test"]
group_secret = bytes([0x11]) * 32
group_key = ec.PrivateKey(group_secret).get_public_key()
chain_code = hashlib.sha256(b"MuSig2MuSig2MuSig2").digest()
root = bip32.HDKey(group_key, chain_code, version=NET["xpub"])
fingerprint = root.my_fingerprint
descriptor = Descriptor.from_string(f"tr([{fingerprint.hex()}]{root.to_base58()}/<0;1>/*)")


def derived(branch, index):
    d = descriptor.derive(index, branch_index=branch)
    return d, d.script_pubkey(), d.keys[0].get_public_key()


addresses = {
    "receive": [descriptor.derive(i, branch_index=0).address(NET) for i in range(4)],
    "change": [descriptor.derive(i, branch_index=1).address(NET) for i in range(4)],
}

foreign = ec.PrivateKey(bytes([0x33]) * 32).get_public_key()
foreign_script = script.p2tr(foreign)
spends = [(0, 2, 500_000), (0, 3, 250_000), (None, None, 120_000)]
vin = [TransactionInput(hashlib.sha256(bytes([i])).digest(), i, sequence=0xFFFFFFFD) for i in range(len(spends))]
_, change_script, change_key = derived(1, 0)
vout = [
    TransactionOutput(600_000, script.p2wpkh(ec.PrivateKey(bytes([0x44]) * 32).get_public_key())),
    TransactionOutput(260_000, change_script),
]
tx = Transaction(version=2, vin=vin, vout=vout, locktime=0)
psbt = PSBT(tx)
script_pubkeys, values = [], []
for i, (branch, index, amount) in enumerate(spends):
    if branch is None:
        spk = foreign_script
    else:
        _, spk, key = derived(branch, index)
        psbt.inputs[i].taproot_bip32_derivations[key] = ([], DerivationPath(fingerprint, [branch, index]))
        psbt.inputs[i].taproot_internal_key = key
    psbt.inputs[i].witness_utxo = TransactionOutput(amount, spk)
    script_pubkeys.append(spk)
    values.append(amount)
psbt.outputs[1].taproot_bip32_derivations[change_key] = ([], DerivationPath(fingerprint, [1, 0]))
psbt.outputs[1].taproot_internal_key = change_key

sighashes = [tx.sighash_taproot(i, script_pubkeys, values, SIGHASH.DEFAULT).hex() for i in range(len(spends))]
print(json.dumps({
    "source": "embit 0.8.0 (PyPI), scripts/embit-psbt.py",
    "group_secret": group_secret.hex(),
    "group_key": group_key.sec().hex(),
    "network": "testnet",
    "xpub": root.to_base58(),
    "fingerprint": fingerprint.hex(),
    "descriptor": str(descriptor),
    "addresses": addresses,
    "psbt": psbt.to_string(),
    "sighashes": sighashes,
}, indent=2))
