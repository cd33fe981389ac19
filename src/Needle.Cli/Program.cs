using Needle.Cli;

return await NeedleCli.InvokeAsync(args);
