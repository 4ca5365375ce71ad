"""Sync bundles (同步包): keys and pairing, the encrypted and signed ``.lsb`` file, merging."""
