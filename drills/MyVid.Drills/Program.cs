using MyVid.Drills;

// Two families (docs/reliability.md): galera and object-store start clusters of their own; frontend, nodes and hostile
// run against scripts/topology.sh's deployment.
return ClusterDrillCommand.Handles(args)
    ? await ClusterDrillCommand.RunAsync(args, Console.Out, Console.Error)
    : await DrillCommand.RunAsync(args, Console.Out);
