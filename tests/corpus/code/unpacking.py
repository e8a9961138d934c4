model = nn.Sequential(*layers, **kw)
