"""``chartgen fleet``: one home cluster, many work clusters, one operator release per work cluster target.

``spec`` reads and checks ``fleet.yaml``; ``collisions`` finds what two targets would share; ``gitops`` writes the
home cluster's helmfile and Argo CD manifests; ``build`` renders, bundles and assembles the output folder. Nothing
here is imported at CLI start-up.
"""
