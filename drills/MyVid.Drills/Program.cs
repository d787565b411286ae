using MyVid.Drills;

return await DrillCommand.RunAsync(args, Console.Out);
