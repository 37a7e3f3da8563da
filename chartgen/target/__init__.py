"""What goes to the work cluster: the identity the home operator acts with there, and the IrisCluster CRD.

``chartgen.target.bundle`` builds the bundle from the chart's own render; ``chartgen.target.crd`` reads and cleans
the CRD the user exported from the home cluster. Nothing here is imported at CLI start-up.
"""
