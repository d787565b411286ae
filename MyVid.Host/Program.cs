return await MyVid.Host.MyVidHost.RunAsync(args, Console.Out, Console.Error);
